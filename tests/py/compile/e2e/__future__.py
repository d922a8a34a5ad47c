"""Stand-in for the standard library module until the interpreter has one
(the compiler handles the future statements; the import still runs)."""
annotations = "annotations"
division = "division"
