# from module import * binds public names.
from math import *
print(floor(3.7), ceil(3.2), sqrt(9.0), pi > 3, e > 2)
print('floor' in globals(), '__name__' in globals())
