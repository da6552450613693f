/// ABIIO: streaming CSV reader and writers, column mapping, renderers.
public enum ABIIOModule {}
