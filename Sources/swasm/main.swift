import SwasmCore
print(swasmVersion)
