# An uncaught exception inside __init__ called by a class call.
class Temperature:
    def __init__(self, celsius):
        if celsius < -273.15:
            raise ValueError(f"below absolute zero: {celsius}")
        self.celsius = celsius
readings = [Temperature(20), Temperature(-300)]
