// placeholder being written: text
