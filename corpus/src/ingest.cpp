// (being written) reading documents
