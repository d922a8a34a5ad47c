# The seeds' create_cycle session (tutorial 4), typed at the interactive
# prompt: python3 -i with this file, then NAME.in on stdin.
