// placeholder being written: extractor
