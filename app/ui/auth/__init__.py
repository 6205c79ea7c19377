"""Login, change of password and the idle lock screen."""
