import BridgeCore
public enum Placeholder2 {}
