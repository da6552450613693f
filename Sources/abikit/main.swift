print("abikit")
