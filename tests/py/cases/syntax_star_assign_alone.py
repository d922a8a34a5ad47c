# A starred assignment target on its own.
*a = [1, 2]
