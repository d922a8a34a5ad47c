# Less central sys attributes: version, platform, float_info, __stdout__.
import sys
print(type(sys.version).__name__, sys.version.startswith("3.11"), sys.platform)
print(type(sys.float_info.max).__name__, sys.float_info.max, sys.float_info.epsilon)
print(sys.stdout is sys.__stdout__, sys.stderr is sys.__stderr__)
print(sys.executable == "" or isinstance(sys.executable, str))
