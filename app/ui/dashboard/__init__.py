"""The chief's overview screen: tiles, per-department load, overdue and due-soon lists."""
