# Helper for imp_circular: imports imp_cycle_b, which imports this module.
print("imp_cycle_a: start")
import imp_cycle_b
A_VALUE = "a"
def from_b():
    return imp_cycle_b.B_VALUE
print("imp_cycle_a: end")
