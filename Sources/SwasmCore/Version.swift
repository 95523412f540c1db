public let swasmVersion = "0.1.0"
