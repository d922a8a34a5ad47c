# The interactive prompt: an expression statement echoes its repr (not
# None), assignments echo nothing, _ holds the last echoed value.
greeting = "set by the program before the prompt"
