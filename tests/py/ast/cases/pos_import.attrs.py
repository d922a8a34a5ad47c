import a
import a.b.c
import a as b, c.d as e
from a import b
from a.b import c as d, e
from . import x
from .. import y
from .a import b
from ...a.b import (c, d,)
from .... import z
from a import *
from . import (a as b)
