try:
    x
except ValueError:
    pass
except (TypeError, KeyError) as e:
    raise
except:
    pass
else:
    y
finally:
    z
try:
    pass
finally:
    pass
