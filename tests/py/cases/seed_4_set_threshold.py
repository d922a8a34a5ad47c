gc.set_threshold(900, 15, 15)
