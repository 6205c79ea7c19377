"""Case register screens: the lazily loaded list, its filters and the case file dialog."""
