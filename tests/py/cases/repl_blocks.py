# Compound statements at the interactive prompt: a block ends at a blank
# line; expressions inside blocks echo too.
