# A circular import: the second module sees the first half-initialised.
import sys
sys.path.insert(0, "mods")
import imp_cycle_a
print(imp_cycle_a.from_b(), imp_cycle_a.imp_cycle_b.imp_cycle_a is imp_cycle_a)
