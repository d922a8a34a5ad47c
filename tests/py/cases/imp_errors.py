# ImportError and ModuleNotFoundError messages.
try:
    import no_such_module_anywhere
except ModuleNotFoundError as e:
    print(type(e).__name__, e, e.name)
try:
    import imp_pkg.no_such_sub
except ImportError as e:
    print(type(e).__name__, e)
try:
    from imp_pkg import no_such_name
except ImportError as e:
    print(type(e).__name__, e)
print(issubclass(ModuleNotFoundError, ImportError))
try:
    __import__("also_missing")
except ImportError as e:
    print(e)
