x = f'{x}' b'y'
