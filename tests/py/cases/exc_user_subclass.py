# User-defined exception classes.
class AppError(Exception):
    pass
class ConfigError(AppError):
    def __init__(self, key, problem):
        super().__init__(f"{key}: {problem}")
        self.key = key
class Custom(Exception):
    def __str__(self):
        return "custom str"
try:
    raise ConfigError("port", "not a number")
except AppError as e:
    print(type(e).__name__, e, e.key, e.args, isinstance(e, Exception))
try:
    raise Custom("ignored arg")
except Custom as e:
    print(e, repr(e), e.args)
class WithData(ValueError):
    def __init__(self, data):
        self.data = data
try:
    raise WithData([1, 2])
except ValueError as e:
    print(e.data, e.args, str(e))
print(ConfigError.__mro__[1:3] == (AppError, Exception))
