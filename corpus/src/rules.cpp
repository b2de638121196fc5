// placeholder being written: rules
