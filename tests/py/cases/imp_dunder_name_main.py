# __name__ is "__main__" for the program, the module name for imports.
import sys
sys.path.insert(0, "mods")
import imp_helper
def main():
    print("main runs because __name__ ==", repr(__name__))
if __name__ == "__main__":
    main()
print(imp_helper.__name__ == "imp_helper")
