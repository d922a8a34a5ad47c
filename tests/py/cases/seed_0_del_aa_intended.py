aa = 100
print(aa)
del aa
print(aa)
