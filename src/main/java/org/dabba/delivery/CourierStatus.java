package org.dabba.delivery;

/** Where a courier stands: AVAILABLE and OFFLINE are the courier's choice, BUSY the system's (on a delivery). */
public enum CourierStatus {
    AVAILABLE,
    OFFLINE,
    BUSY
}
