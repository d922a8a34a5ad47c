# Helper package for the imp_* cases.
print("imp_pkg: __init__ runs")
PKG_NAME = "imp_pkg"
from .sub import sub_function
