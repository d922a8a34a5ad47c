# sys module attributes: argv, path, modules, maxsize, byteorder, version_info.
import sys
print(sys.argv)
print(type(sys.path).__name__, all(type(p) is str for p in sys.path))
print("sys" in sys.modules, sys.modules["sys"] is sys, "__main__" in sys.modules)
print(sys.modules["__main__"].__name__, __name__)
print(sys.maxsize, sys.maxsize == 2 ** 63 - 1, sys.byteorder)
print(sys.version_info[:2] == (3, 11), sys.version_info >= (3, 0), sys.version_info.major)
print(sys.maxsize.bit_length())
