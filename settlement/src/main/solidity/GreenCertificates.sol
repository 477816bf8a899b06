// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {Operated} from "./Operated.sol";

/// @title Greenex green certificates: one token per MWh of renewable electricity bought in the market.
/// @notice Each certificate is its own token id (a serial, amount 1), issued by the operator to a
///         participant's account, traceable to the trades it came from (the sources in the issue
///         event), transferable like any ERC-1155 token, and retired ("claimed") by its holder for
///         emission reporting, after which it exists no more.
/// @dev A source is 24 bytes: interval id, trade sequence number, energy in 10^-6 kWh (uint64 each).
contract GreenCertificates is ERC1155, Operated {
    uint256 public constant SOURCE_BYTES = 24;
    uint64 public constant MICRO_KWH_PER_CERTIFICATE = 1_000_000_000; // 1,000 kWh

    mapping(uint256 => bytes32) public issuedTo;
    mapping(uint256 => bool) public retired;

    event CertificateIssued(uint256 indexed serial, address indexed holder, bytes32 indexed participantId, bytes sources);
    event CertificateRetired(uint256 indexed serial, address indexed holder, string claim);

    error AlreadyIssued(uint256 serial);
    error BadSources(uint256 serial, string reason);
    error NotHolder(uint256 serial, address sender);

    constructor(address operator_) ERC1155("") Operated(operator_) {}


    /// @notice Issues certificate `serial` to `holder`; the sources must add up to exactly 1,000 kWh.
    function issue(uint256 serial, address holder, bytes32 participantId, bytes calldata sources) external onlyOperator {
        if (issuedTo[serial] != bytes32(0) || retired[serial]) revert AlreadyIssued(serial);
        if (sources.length == 0 || sources.length % SOURCE_BYTES != 0) revert BadSources(serial, "not whole source records");
        uint256 total;
        for (uint256 off = 16; off < sources.length; off += SOURCE_BYTES) {
            total += uint64(bytes8(sources[off:off + 8]));
        }
        if (total != MICRO_KWH_PER_CERTIFICATE) revert BadSources(serial, "sources do not add up to 1,000 kWh");
        issuedTo[serial] = participantId;
        _mint(holder, serial, 1, "");
        emit CertificateIssued(serial, holder, participantId, sources);
    }

    /// @notice The holder retires (claims) a certificate; it cannot be transferred or retired again.
    function retire(uint256 serial, string calldata claim) external {
        if (balanceOf(msg.sender, serial) != 1) revert NotHolder(serial, msg.sender);
        retired[serial] = true;
        _burn(msg.sender, serial, 1);
        emit CertificateRetired(serial, msg.sender, claim);
    }
}
