# Errors at the interactive prompt: each prints its traceback (File
# "<stdin>") or SyntaxError report and the prompt goes on.
