"""The user manual inside the app: which page answers F1 where, the viewer, its screenshots."""
