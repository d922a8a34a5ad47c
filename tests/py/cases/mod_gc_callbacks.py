# gc.callbacks receive ("start"/"stop", info) around each collection.
import gc
gc.disable()
gc.collect()
events = []
def cb(phase, info):
    events.append((phase, info["generation"], info["collected"], info["uncollectable"]))
gc.callbacks.append(cb)
a = []
a.append(a)
del a
n = gc.collect()
print(n, events)
events.clear()
gc.collect(0)
print(events)
info_keys = []
def keys_cb(phase, info):
    info_keys.extend(sorted(info))
gc.callbacks.append(keys_cb)
gc.collect()
print(info_keys)
gc.callbacks.remove(cb)
gc.callbacks.remove(keys_cb)
print(gc.callbacks)
gc.enable()
