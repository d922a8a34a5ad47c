# Helper for imp_circular: imports imp_cycle_a while a is half-initialised.
print("imp_cycle_b: start")
import imp_cycle_a
print("imp_cycle_b: a has A_VALUE yet?", hasattr(imp_cycle_a, "A_VALUE"))
B_VALUE = "b"
print("imp_cycle_b: end")
