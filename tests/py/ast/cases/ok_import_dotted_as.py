import os.path as p
from os import path as p, sep
