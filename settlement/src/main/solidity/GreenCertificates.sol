// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {Operated} from "./Operated.sol";

/// @title Greenex green certificates: one token per MWh of renewable electricity bought in the market.
/// @notice Each certificate is its own token id (a serial, amount 1), issued by the operator to a
///         participant's account, traceable to the trades it came from (the sources in the issue
///         event), valid until its expiry. Until then its holder (or an operator the holder approved
///         with setApprovalForAll) may transfer it like any ERC-1155 token, or retire ("claim") it for
///         a beneficiary, a purpose and a consumption period, after which it exists no more. The
///         operator revokes a certificate on the regulator's decision (e.g. a metering error found
///         later), naming the reason. Expired, retired and revoked certificates can never move again.
/// @dev A source is 24 bytes: interval id, trade sequence number, energy in 10^-6 kWh (uint64 each).
contract GreenCertificates is ERC1155, Operated {
    /// @notice The version of this contract's interface; the portal refuses a deployed contract of another one.
    uint256 public constant VERSION = 2;
    uint256 public constant SOURCE_BYTES = 24;
    /// @notice How much energy one certificate stands for, in 10^-6 kWh: 1,000 kWh (1 MWh) on every
    ///         real deployment; a demonstration may deploy a smaller size, which the chain then states.
    uint64 public immutable microKwhPerCertificate;

    mapping(uint256 => bytes32) public issuedTo;
    /// @notice Unix time (seconds) from which a certificate can no longer be transferred or retired.
    mapping(uint256 => uint64) public expiresAt;
    mapping(uint256 => bool) public retired;
    mapping(uint256 => bool) public revoked;

    event CertificateIssued(uint256 indexed serial, address indexed holder, bytes32 indexed participantId, uint64 expiresAt, bytes sources);
    event CertificateRetired(uint256 indexed serial, address indexed holder, string beneficiary, string purpose, uint64 periodStart,
                             uint64 periodEnd);
    event CertificateRevoked(uint256 indexed serial, address indexed holder, string reason);

    error AlreadyIssued(uint256 serial);
    error BadSources(uint256 serial, string reason);
    error BadSize();
    error BadExpiry(uint256 serial, uint64 expiresAt);
    error NotHolder(uint256 serial, address account);
    error NotApproved(uint256 serial, address holder, address sender);
    error Expired(uint256 serial, uint64 expiresAt);
    error BadClaim(uint256 serial, string reason);

    constructor(address operator_, uint64 microKwhPerCertificate_) ERC1155("") Operated(operator_) {
        if (microKwhPerCertificate_ == 0) revert BadSize();
        microKwhPerCertificate = microKwhPerCertificate_;
    }

    /// @notice Issues certificate `serial` to `holder`, valid until `expiresAt_`; the sources must add up to
    ///         exactly one certificate's energy.
    function issue(uint256 serial, address holder, bytes32 participantId, uint64 expiresAt_, bytes calldata sources)
        external onlyOperator
    {
        if (issuedTo[serial] != bytes32(0) || retired[serial] || revoked[serial]) revert AlreadyIssued(serial);
        if (expiresAt_ <= block.timestamp) revert BadExpiry(serial, expiresAt_);
        if (sources.length == 0 || sources.length % SOURCE_BYTES != 0) revert BadSources(serial, "not whole source records");
        uint256 total;
        for (uint256 off = 16; off < sources.length; off += SOURCE_BYTES) {
            total += uint64(bytes8(sources[off:off + 8]));
        }
        if (total != microKwhPerCertificate) revert BadSources(serial, "sources do not add up to one certificate's energy");
        issuedTo[serial] = participantId;
        expiresAt[serial] = expiresAt_;
        _mint(holder, serial, 1, "");
        emit CertificateIssued(serial, holder, participantId, expiresAt_, sources);
    }

    /// @notice Retires (claims) a certificate of `holder` for `beneficiary`, `purpose` and the consumption
    ///         period [periodStart, periodEnd] (Unix seconds, not in the future); irreversible. The holder
    ///         itself or an operator it approved may do so, before the certificate expires.
    function retire(uint256 serial, address holder, string calldata beneficiary, string calldata purpose, uint64 periodStart,
                    uint64 periodEnd) external {
        if (msg.sender != holder && !isApprovedForAll(holder, msg.sender)) revert NotApproved(serial, holder, msg.sender);
        if (balanceOf(holder, serial) != 1) revert NotHolder(serial, holder);
        if (block.timestamp >= expiresAt[serial]) revert Expired(serial, expiresAt[serial]);
        if (bytes(beneficiary).length == 0) revert BadClaim(serial, "no beneficiary");
        if (bytes(purpose).length == 0) revert BadClaim(serial, "no purpose");
        if (periodStart > periodEnd) revert BadClaim(serial, "period ends before it starts");
        if (periodEnd > block.timestamp) revert BadClaim(serial, "period in the future");
        retired[serial] = true;
        _burn(holder, serial, 1);
        emit CertificateRetired(serial, holder, beneficiary, purpose, periodStart, periodEnd);
    }

    /// @notice The operator revokes `holder`'s certificate on the regulator's decision, naming why.
    function revoke(uint256 serial, address holder, string calldata reason) external onlyOperator {
        if (balanceOf(holder, serial) != 1) revert NotHolder(serial, holder);
        if (bytes(reason).length == 0) revert BadClaim(serial, "no reason");
        revoked[serial] = true;
        _burn(holder, serial, 1);
        emit CertificateRevoked(serial, holder, reason);
    }

    /// @dev A transfer (neither mint nor burn) of an expired certificate is refused.
    function _update(address from, address to, uint256[] memory ids, uint256[] memory values) internal override {
        if (from != address(0) && to != address(0)) {
            for (uint256 i = 0; i < ids.length; ++i) {
                if (block.timestamp >= expiresAt[ids[i]]) revert Expired(ids[i], expiresAt[ids[i]]);
            }
        }
        super._update(from, to, ids, values);
    }
}
