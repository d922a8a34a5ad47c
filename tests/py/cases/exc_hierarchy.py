# The built-in exception hierarchy.
names = ["SystemExit", "KeyboardInterrupt", "GeneratorExit", "Exception",
         "StopIteration", "ArithmeticError", "ZeroDivisionError", "OverflowError",
         "AssertionError", "AttributeError", "ImportError", "ModuleNotFoundError",
         "LookupError", "IndexError", "KeyError", "MemoryError", "NameError",
         "UnboundLocalError", "OSError", "FileNotFoundError", "RuntimeError",
         "NotImplementedError", "RecursionError", "SyntaxError", "IndentationError",
         "TypeError", "ValueError", "UnicodeError", "UnicodeDecodeError",
         "Warning", "DeprecationWarning", "UserWarning", "StopAsyncIteration",
         "ReferenceError", "EOFError", "FloatingPointError", "BufferError"]
import builtins
for n in names:
    cls = getattr(builtins, n)
    print(n, "->", cls.__base__.__name__, [c.__name__ for c in cls.__mro__][1:])
print(issubclass(Exception, BaseException), issubclass(SystemExit, Exception))
print(EnvironmentError is OSError, IOError is OSError)
