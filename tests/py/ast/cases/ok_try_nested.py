try:
    try:
        pass
    finally:
        pass
except E as e:
    try:
        raise
    except:
        pass
