import SwasmCore
