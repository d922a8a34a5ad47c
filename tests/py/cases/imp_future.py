# from __future__ import: the compiler acts on it, and the module exists at
# run time with its features.
from __future__ import annotations
import __future__
print(__future__.annotations)
print(__future__.annotations.getOptionalRelease(), __future__.annotations.getMandatoryRelease())
print(__future__.all_feature_names)
print(hex(__future__.CO_FUTURE_ANNOTATIONS), __future__.division.mandatory)
def f(x: list[int], y: "str" = "a") -> dict[str, int]:
    return {}
print(f.__annotations__)
class C:
    attr: SomethingNotDefined
print(C.__annotations__)
