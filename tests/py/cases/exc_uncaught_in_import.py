# An exception raised while importing a module: the traceback goes through the import.
import sys
sys.path.insert(0, "mods")
print("importing")
import imp_fails
