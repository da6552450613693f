/// NISTReference: reads NIST StRD `.dat` files (certified values and data) and measures accuracy
/// as LRE, the number of correct significant digits. To be written (owner: ABIBatch work).
public enum NISTReferenceModule {}
