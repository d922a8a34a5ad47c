x = '\N{foo'
