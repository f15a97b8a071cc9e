namespace Linzi.Heritage.Contracts.Vocabulary;

// Public in Contracts; the shared definition is in DeviceKinds.cs.
public static partial class DeviceKinds;
