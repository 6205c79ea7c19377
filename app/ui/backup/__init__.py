"""Sao lưu & khôi phục: the backup screen, its background jobs and the automatic daily backup."""
