package io.cmkworker.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * The machine a bench ran on, so figures from different machines are never compared unknowingly.
 *
 * @param cores processors available to the JVM
 * @param memoryMb physical memory
 * @param os name, version and architecture
 * @param javaVersion {@code java.runtime.version}
 * @param javaVm the VM's name and vendor
 */
public record Machine(int cores, long memoryMb, String os, String javaVersion, String javaVm) {

    /** This machine. */
    public static Machine current() {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getTotalMemorySize() / (1024 * 1024) : 0;
        return new Machine(Runtime.getRuntime().availableProcessors(), memory, System.getProperty("os.name") + " "
                        + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name") + " (" + System.getProperty("java.vm.vendor") + ")");
    }
}
