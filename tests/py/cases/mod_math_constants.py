# math constants.
import math
print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan)
print(math.pi == 3.141592653589793, math.tau == 2 * math.pi, math.inf > 1e308)
print(repr(math.e), str(math.tau), f"{math.pi:.10f}")
