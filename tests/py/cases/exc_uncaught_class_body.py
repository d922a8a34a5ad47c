# An uncaught exception while a class body executes.
class Settings:
    debug = True
    level = int("verbose")
