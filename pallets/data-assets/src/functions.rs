//! The pallet's logic: validation, lifecycle, ownership, ratings and pin accounting.

use crate::{pallet::*, types::*, weights::WeightInfo};
use alloc::vec::Vec;
use bdes_primitives::GatewayRegistry;
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{
			nonfungibles_v2::{
				Create, Inspect as NftInspect, InspectEnumerable, Mutate as NftMutate,
			},
			Fortitude, Precision, Restriction,
		},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{AccountIdConversion, Saturating, Zero},
	DispatchResult,
};

/// Multicodecs of content IPFS serves as files: dag-pb (UnixFS) and raw.
const CODEC_DAG_PB: u64 = 0x70;
const CODEC_RAW: u64 = 0x55;
/// Multihash codes IPFS uses for content: sha2-256, sha2-512, blake2b-256, blake3.
const HASH_CODES: [u64; 4] = [0x12, 0x13, 0xb220, 0x1e];

impl<T: Config> Pallet<T> {
	/// The pallet's account, owner of the ownership-NFT collection.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	// ---- validation -------------------------------------------------------------------------

	/// Checks a submitted metadata field by field.
	pub fn validate_metadata(input: MetadataInput) -> Result<DatasetMetadata<T>, DispatchError> {
		ensure!(!input.title.is_empty(), Error::<T>::EmptyTitle);
		for text in [&input.title, &input.description, &input.source] {
			ensure!(core::str::from_utf8(text).is_ok(), Error::<T>::InvalidUtf8);
		}
		let title = BoundedVec::try_from(input.title).map_err(|_| Error::<T>::TitleTooLong)?;
		let description =
			BoundedVec::try_from(input.description).map_err(|_| Error::<T>::DescriptionTooLong)?;
		let source = BoundedVec::try_from(input.source).map_err(|_| Error::<T>::SourceTooLong)?;

		ensure!(input.tags.len() <= T::MaxTags::get() as usize, Error::<T>::TooManyTags);
		let mut tags = BoundedVec::new();
		for tag in input.tags {
			ensure!(
				!tag.is_empty()
					&& tag
						.iter()
						.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-'),
				Error::<T>::InvalidTag
			);
			let tag: BoundedVec<u8, T::MaxTagLen> =
				tag.try_into().map_err(|_| Error::<T>::InvalidTag)?;
			ensure!(!tags.contains(&tag), Error::<T>::DuplicateTag);
			tags.try_push(tag).map_err(|_| Error::<T>::TooManyTags)?;
		}

		ensure!(Self::is_mime_type(&input.format), Error::<T>::InvalidFormat);
		let format = BoundedVec::try_from(input.format).map_err(|_| Error::<T>::InvalidFormat)?;
		ensure!(input.coverage.start <= input.coverage.end, Error::<T>::InvalidCoveragePeriod);

		Ok(DatasetMetadata {
			title,
			description,
			category: input.category,
			tags,
			format,
			coverage: input.coverage,
			source,
		})
	}

	/// `type/subtype` with RFC 6838 name characters on both sides.
	fn is_mime_type(format: &[u8]) -> bool {
		let is_name = |part: &[u8]| {
			!part.is_empty()
				&& part.len() <= 127
				&& part[0].is_ascii_alphanumeric()
				&& part.iter().all(|c| c.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(c))
		};
		let mut parts = format.splitn(2, |c| *c == b'/');
		match (parts.next(), parts.next()) {
			(Some(kind), Some(subtype)) => is_name(kind) && is_name(subtype),
			_ => false,
		}
	}

	/// Checks a submitted content: a CIDv0 or CIDv1 of a file IPFS can serve, a non-zero
	/// digest and size.
	pub fn validate_content(input: ContentInput) -> Result<ContentOf<T>, DispatchError> {
		ensure!(input.size > 0, Error::<T>::EmptyContent);
		ensure!(input.digest != [0u8; 32], Error::<T>::InvalidDigest);
		if let Some(encryption) = &input.encryption {
			// An age file is always longer than what it encrypts (header and tags).
			ensure!(
				encryption.plain_size > 0 && encryption.plain_size < input.size,
				Error::<T>::InvalidEncryption
			);
			ensure!(encryption.plain_digest != [0u8; 32], Error::<T>::InvalidDigest);
		}
		let cid = Self::validate_cid(input.cid)?;
		Ok(Content { cid, digest: input.digest, size: input.size, encryption: input.encryption })
	}

	/// Parses a CID's text form: CIDv0 is base58btc of a sha2-256 multihash, CIDv1 is any
	/// multibase of version, codec and multihash.
	pub fn validate_cid(text: Vec<u8>) -> Result<CidOf<T>, DispatchError> {
		let cid: CidOf<T> = text.try_into().map_err(|_| Error::<T>::CidTooLong)?;
		let as_str = core::str::from_utf8(&cid).map_err(|_| Error::<T>::InvalidCid)?;
		let parsed = cid::CidGeneric::<64>::try_from(as_str).map_err(|_| Error::<T>::InvalidCid)?;
		ensure!(
			matches!(parsed.codec(), CODEC_DAG_PB | CODEC_RAW)
				&& HASH_CODES.contains(&parsed.hash().code()),
			Error::<T>::UnsupportedCid
		);
		Ok(cid)
	}

	/// Deposit for storing `bytes` bytes.
	pub fn deposit_for(bytes: usize) -> BalanceOf<T> {
		let bytes: BalanceOf<T> = (bytes as u32).into();
		T::DepositBase::get().saturating_add(T::DepositPerByte::get().saturating_mul(bytes))
	}

	// ---- one content, one asset -------------------------------------------------------------

	/// The content of `cid`, unless an asset other than `asset` claims it.
	fn unclaimed_content(asset: AssetId, cid: &CidOf<T>) -> Result<ContentHash, DispatchError> {
		// A validated CID always has a multihash of at most `MAX_CONTENT_HASH_LEN` bytes.
		let hash = content_hash(cid).ok_or(Error::<T>::UnsupportedCid)?;
		match ContentIndex::<T>::get(&hash) {
			Some(owner) if owner != asset => Err(Error::<T>::ContentAlreadyListed.into()),
			_ => Ok(hash),
		}
	}

	/// Ends `asset`'s claim on the content of `cid` unless one of `kept` (what the asset still
	/// refers to) is the same content. Returns whether the claim ended.
	fn release_content(asset: AssetId, cid: &CidOf<T>, kept: &[&CidOf<T>]) -> bool {
		let Some(hash) = content_hash(cid) else { return false };
		if ContentIndex::<T>::get(&hash) != Some(asset)
			|| kept.iter().any(|other| content_hash(other).as_ref() == Some(&hash))
		{
			return false;
		}
		ContentIndex::<T>::remove(&hash);
		true
	}

	/// Whether anything but the current content of `asset` claims the content of `cid`:
	/// another asset, or the asset's pending revision.
	pub fn claimed_besides(asset: AssetId, cid: &[u8]) -> bool {
		let Some(hash) = content_hash(cid) else { return false };
		match ContentIndex::<T>::get(&hash) {
			None => false,
			Some(owner) if owner != asset => true,
			Some(_) => PendingRevisions::<T>::get(asset)
				.is_some_and(|r| content_hash(&r.content.cid).as_ref() == Some(&hash)),
		}
	}

	/// Whether any asset claims the content of `cid`.
	pub fn is_claimed(cid: &[u8]) -> bool {
		content_hash(cid).is_some_and(ContentIndex::<T>::contains_key)
	}

	// ---- ownership --------------------------------------------------------------------------

	/// The asset's owner: the holder of its ownership NFT, or the provider before there is one.
	pub fn owner_of(asset: AssetId) -> Option<T::AccountId> {
		let details = Assets::<T>::get(asset)?;
		OwnershipCollection::<T>::get()
			.and_then(|collection| T::Nfts::owner(&collection, &asset))
			.or(Some(details.provider))
	}

	/// Fails unless `who` owns `asset`.
	pub fn ensure_owner(who: &T::AccountId, asset: AssetId) -> DispatchResult {
		let owner = Self::owner_of(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(&owner == who, Error::<T>::NotOwner);
		Ok(())
	}

	/// The ownership collection, created on first use. The pallet account pays its deposit.
	fn ensure_collection() -> Result<T::CollectionId, DispatchError> {
		if let Some(collection) = OwnershipCollection::<T>::get() {
			return Ok(collection);
		}
		let account = Self::account_id();
		let config = CollectionConfigFor::<T> {
			settings: pallet_nfts::CollectionSettings::all_enabled(),
			max_supply: None,
			mint_settings: Default::default(),
		};
		let collection = T::Nfts::create_collection(&account, &account, &config)
			.map_err(|_| Error::<T>::CollectionUnavailable)?;
		OwnershipCollection::<T>::put(collection);
		Ok(collection)
	}

	// ---- funds ------------------------------------------------------------------------------

	fn hold(who: &T::AccountId, deposit: BalanceOf<T>, fee: BalanceOf<T>) -> DispatchResult {
		T::Currency::hold(&HoldReason::ListingDeposit.into(), who, deposit)?;
		T::Currency::hold(&HoldReason::ListingFee.into(), who, fee)
	}

	fn release(who: &T::AccountId, reason: HoldReason, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::release(&reason.into(), who, amount, Precision::Exact)?;
		}
		Ok(())
	}

	/// Moves a held fee to the reserve pool.
	fn charge_fee(who: &T::AccountId, fee: BalanceOf<T>) -> DispatchResult {
		if !fee.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::ListingFee.into(),
				who,
				&T::FeeDestination::get(),
				fee,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
		}
		Ok(())
	}

	// ---- lifecycle --------------------------------------------------------------------------

	pub(crate) fn do_submit(
		who: T::AccountId,
		metadata: MetadataInput,
		content: ContentInput,
	) -> DispatchResult {
		let metadata = Self::validate_metadata(metadata)?;
		let content = Self::validate_content(content)?;
		let asset = NextAssetId::<T>::get();
		let next = asset.checked_add(1).ok_or(Error::<T>::NoMoreAssetIds)?;
		let hash = Self::unclaimed_content(asset, &content.cid)?;

		let now = frame_system::Pallet::<T>::block_number();
		let fee = T::ListingFee::get();
		let mut details = AssetDetails {
			provider: who.clone(),
			status: AssetStatus::Pending,
			content,
			revision: 0,
			deposit: Zero::zero(),
			fee,
			created: now,
			updated: now,
		};
		let deposit =
			Self::deposit_for(metadata.encoded_size().saturating_add(details.encoded_size()));
		details.deposit = deposit;
		Self::hold(&who, deposit, fee)?;

		let cid = details.content.cid.clone();
		Assets::<T>::insert(asset, details);
		Metadata::<T>::insert(asset, metadata);
		ContentIndex::<T>::insert(hash, asset);
		NextAssetId::<T>::put(next);
		Self::deposit_event(Event::Submitted { asset, provider: who, cid, deposit });
		Ok(())
	}

	pub(crate) fn do_approve(asset: AssetId) -> DispatchResultWithPostInfo {
		let mut details = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		let now = frame_system::Pallet::<T>::block_number();
		if details.status == AssetStatus::Pending {
			let collection = Self::ensure_collection()?;
			Self::charge_fee(&details.provider, details.fee)?;
			let item_config = pallet_nfts::ItemConfig::default();
			T::Nfts::mint_into(&collection, &asset, &details.provider, &item_config, false)?;
			let fee = details.fee;
			details.fee = Zero::zero();
			details.status = AssetStatus::Listed;
			details.updated = now;
			let cid = details.content.cid.clone();
			let owner = details.provider.clone();
			let number = details.revision;
			Assets::<T>::insert(asset, details);
			Self::deposit_event(Event::Listed { asset, owner, fee });
			Self::open_pin_request(asset, number, cid);
			return Ok(Some(T::WeightInfo::approve_listing()).into());
		}

		let revision = PendingRevisions::<T>::get(asset).ok_or(Error::<T>::NothingPending)?;
		ensure!(
			matches!(details.status, AssetStatus::Listed | AssetStatus::Suspended),
			Error::<T>::InvalidStatus
		);
		Self::charge_fee(&revision.submitter, revision.fee)?;
		// The revision's deposit was taken for the asset as it stores it from now on (record and
		// metadata): the old deposit goes back to who paid it, the revision's stays held from
		// its submitter.
		Self::release(&details.provider, HoldReason::ListingDeposit, details.deposit)?;
		let old_cid = details.content.cid.clone();
		details.provider = revision.submitter;
		details.deposit = revision.deposit;
		details.content = revision.content;
		details.revision = details.revision.saturating_add(1);
		details.updated = now;
		let cid = details.content.cid.clone();
		let number = details.revision;
		Assets::<T>::insert(asset, details);
		PendingRevisions::<T>::remove(asset);
		Self::deposit_event(Event::RevisionApproved {
			asset,
			revision: number,
			cid: cid.clone(),
			fee: revision.fee,
		});
		// The old content is released unless the revision keeps it (a corrected digest).
		if Self::release_content(asset, &old_cid, &[&cid]) {
			Self::deposit_event(Event::UnpinRequested { asset, cid: old_cid });
		}
		Self::open_pin_request(asset, number, cid);
		Ok(Some(T::WeightInfo::approve_revision()).into())
	}

	pub(crate) fn do_reject(asset: AssetId) -> DispatchResult {
		let mut details = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		if details.status == AssetStatus::Pending {
			Self::release(&details.provider, HoldReason::ListingDeposit, details.deposit)?;
			Self::release(&details.provider, HoldReason::ListingFee, details.fee)?;
			details.deposit = Zero::zero();
			details.fee = Zero::zero();
			details.status = AssetStatus::Rejected;
			details.updated = frame_system::Pallet::<T>::block_number();
			let provider = details.provider.clone();
			Self::release_content(asset, &details.content.cid, &[]);
			Assets::<T>::insert(asset, details);
			Self::deposit_event(Event::Rejected { asset, provider });
			return Ok(());
		}
		let revision = PendingRevisions::<T>::take(asset).ok_or(Error::<T>::NothingPending)?;
		Self::refund_revision(&revision)?;
		Self::release_content(asset, &revision.content.cid, &[&details.content.cid]);
		Self::deposit_event(Event::RevisionRejected {
			asset,
			revision: details.revision.saturating_add(1),
		});
		Ok(())
	}

	fn refund_revision(revision: &PendingRevisionOf<T>) -> DispatchResult {
		Self::release(&revision.submitter, HoldReason::ListingDeposit, revision.deposit)?;
		Self::release(&revision.submitter, HoldReason::ListingFee, revision.fee)
	}

	pub(crate) fn do_delist(asset: AssetId, by_council: bool) -> DispatchResult {
		let mut details = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(
			matches!(details.status, AssetStatus::Listed | AssetStatus::Suspended),
			Error::<T>::InvalidStatus
		);
		if let Some(revision) = PendingRevisions::<T>::take(asset) {
			Self::refund_revision(&revision)?;
			Self::release_content(asset, &revision.content.cid, &[]);
		}
		// Its pins are released, so its content is free for another listing; keeping the claim
		// until `remove` would let an owner who never removes hold it for ever.
		Self::release_content(asset, &details.content.cid, &[]);
		details.status = AssetStatus::Delisted;
		details.updated = frame_system::Pallet::<T>::block_number();
		Assets::<T>::insert(asset, details);
		Self::close_pins(asset);
		Self::deposit_event(Event::Delisted { asset, by_council });
		Ok(())
	}

	pub(crate) fn set_status(asset: AssetId, from: AssetStatus, to: AssetStatus) -> DispatchResult {
		Assets::<T>::try_mutate(asset, |maybe| {
			let details = maybe.as_mut().ok_or(Error::<T>::UnknownAsset)?;
			ensure!(details.status == from, Error::<T>::InvalidStatus);
			details.status = to;
			details.updated = frame_system::Pallet::<T>::block_number();
			Ok(())
		})
	}

	pub(crate) fn do_submit_revision(
		who: T::AccountId,
		asset: AssetId,
		content: ContentInput,
	) -> DispatchResult {
		let details = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		Self::ensure_owner(&who, asset)?;
		ensure!(details.status == AssetStatus::Listed, Error::<T>::InvalidStatus);
		ensure!(!PendingRevisions::<T>::contains_key(asset), Error::<T>::RevisionPending);
		let content = Self::validate_content(content)?;
		ensure!(content.digest != details.content.digest, Error::<T>::SameContent);
		let hash = Self::unclaimed_content(asset, &content.cid)?;

		let fee = T::ListingFee::get();
		let mut revision = PendingRevision {
			content,
			submitter: who.clone(),
			deposit: Zero::zero(),
			fee,
			submitted: frame_system::Pallet::<T>::block_number(),
		};
		// Once approved, this deposit alone covers the asset (its record with the new content,
		// and its metadata), whoever paid the old one; until then it covers the pending record,
		// which is smaller.
		let metadata = Metadata::<T>::get(asset).map(|m| m.encoded_size()).unwrap_or_default();
		// The record once approved: the same fields, with the revision's content.
		let approved = details
			.encoded_size()
			.saturating_sub(details.content.encoded_size())
			.saturating_add(revision.content.encoded_size());
		let deposit = Self::deposit_for(metadata.saturating_add(approved))
			.max(Self::deposit_for(revision.encoded_size()));
		revision.deposit = deposit;
		Self::hold(&who, deposit, fee)?;
		let cid = revision.content.cid.clone();
		PendingRevisions::<T>::insert(asset, revision);
		ContentIndex::<T>::insert(hash, asset);
		Self::deposit_event(Event::RevisionSubmitted {
			asset,
			revision: details.revision.saturating_add(1),
			cid,
		});
		Ok(())
	}

	pub(crate) fn do_remove(who: T::AccountId, asset: AssetId) -> DispatchResult {
		let details = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		match details.status {
			AssetStatus::Rejected => ensure!(who == details.provider, Error::<T>::NotOwner),
			AssetStatus::Delisted => Self::ensure_owner(&who, asset)?,
			_ => return Err(Error::<T>::InvalidStatus.into()),
		}
		if let Some(collection) = OwnershipCollection::<T>::get() {
			if T::Nfts::owner(&collection, &asset).is_some() {
				T::Nfts::burn(&collection, &asset, None)?;
			}
		}
		Self::release(&details.provider, HoldReason::ListingDeposit, details.deposit)?;
		Assets::<T>::remove(asset);
		Metadata::<T>::remove(asset);
		Ratings::<T>::remove(asset);
		Self::deposit_event(Event::Removed { asset });
		Ok(())
	}

	// ---- sealed content keys ----------------------------------------------------------------

	pub(crate) fn do_set_content_key(
		who: T::AccountId,
		asset: AssetId,
		recipient: T::AccountId,
		revision: u32,
		sealed: Vec<u8>,
	) -> DispatchResult {
		let details = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		Self::ensure_owner(&who, asset)?;
		ensure!(
			matches!(
				details.status,
				AssetStatus::Pending | AssetStatus::Listed | AssetStatus::Suspended
			),
			Error::<T>::InvalidStatus
		);
		let content = if revision == details.revision {
			details.content
		} else if Some(revision) == details.revision.checked_add(1) {
			PendingRevisions::<T>::get(asset).ok_or(Error::<T>::UnknownRevision)?.content
		} else {
			return Err(Error::<T>::UnknownRevision.into());
		};
		ensure!(content.encryption.is_some(), Error::<T>::NotEncrypted);
		ensure!(
			recipient == who || T::Gateways::sealing_key(&recipient).is_some(),
			Error::<T>::NotARecipient
		);
		ensure!(!sealed.is_empty(), Error::<T>::EmptySealedKey);
		let sealed: BoundedVec<u8, T::MaxSealedKeyLen> =
			sealed.try_into().map_err(|_| Error::<T>::SealedKeyTooLong)?;

		let previous = ContentKeys::<T>::get(asset, &recipient);
		if previous.is_none() {
			ensure!(
				ContentKeyCount::<T>::get(asset) < T::MaxContentKeys::get(),
				Error::<T>::TooManyContentKeys
			);
		}
		let mut key =
			ContentKey { revision, sealed, depositor: who.clone(), deposit: Zero::zero() };
		// The record and its (asset, recipient) key.
		let deposit = Self::deposit_for(
			key.encoded_size()
				.saturating_add(asset.encoded_size())
				.saturating_add(recipient.encoded_size()),
		);
		key.deposit = deposit;
		match &previous {
			Some(old) => Self::release(&old.depositor, HoldReason::ContentKeyDeposit, old.deposit)?,
			None => ContentKeyCount::<T>::mutate(asset, |count| count.saturating_inc()),
		}
		T::Currency::hold(&HoldReason::ContentKeyDeposit.into(), &who, deposit)?;
		ContentKeys::<T>::insert(asset, &recipient, key);
		Self::deposit_event(Event::ContentKeySet { asset, recipient, revision });
		Ok(())
	}

	pub(crate) fn do_remove_content_key(
		who: T::AccountId,
		asset: AssetId,
		recipient: T::AccountId,
	) -> DispatchResult {
		let key = ContentKeys::<T>::get(asset, &recipient).ok_or(Error::<T>::UnknownContentKey)?;
		let allowed = who == recipient
			|| who == key.depositor && !Assets::<T>::contains_key(asset)
			|| Self::owner_of(asset).as_ref() == Some(&who);
		ensure!(allowed, Error::<T>::NotOwner);
		Self::release(&key.depositor, HoldReason::ContentKeyDeposit, key.deposit)?;
		ContentKeys::<T>::remove(asset, &recipient);
		ContentKeyCount::<T>::mutate_exists(asset, |count| {
			*count = count.map(|c| c.saturating_sub(1)).filter(|c| *c > 0);
		});
		Self::deposit_event(Event::ContentKeyRemoved { asset, recipient });
		Ok(())
	}

	/// The content key sealed to `recipient`: (revision it decrypts, sealed bytes).
	pub fn content_key(asset: AssetId, recipient: &T::AccountId) -> Option<(u32, Vec<u8>)> {
		ContentKeys::<T>::get(asset, recipient).map(|key| (key.revision, key.sealed.into_inner()))
	}

	// ---- ratings ----------------------------------------------------------------------------

	pub(crate) fn do_rate(asset: AssetId, scores: QualityScores) -> DispatchResult {
		let details = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(details.status == AssetStatus::Listed, Error::<T>::InvalidStatus);
		let all = [
			scores.source_credibility,
			scores.coverage_period,
			scores.coverage_range,
			scores.timeliness,
			scores.access_efficiency,
		];
		ensure!(all.iter().all(|s| *s <= 100), Error::<T>::ScoreOutOfRange);
		let sum: u32 = all.iter().map(|s| *s as u32).sum();
		// Five scores of at most 100: the mean fits in a u8.
		let overall = u8::try_from(sum / all.len() as u32).unwrap_or(100);
		let grade = Grade::from_overall(overall);
		let rating = Rating {
			scores,
			overall,
			grade,
			digest: details.content.digest,
			revision: details.revision,
			block: frame_system::Pallet::<T>::block_number(),
		};
		Ratings::<T>::mutate(asset, |history| {
			if history.is_full() {
				history.remove(0);
			}
			// Cannot fail: there is room now (and a zero-sized history keeps nothing).
			let _ = history.try_push(rating);
		});
		Self::deposit_event(Event::Rated { asset, revision: details.revision, overall, grade });
		Ok(())
	}

	/// The rating of the asset's current revision, if it has one.
	pub fn current_rating(asset: AssetId) -> Option<RatingOf<T>> {
		let details = Assets::<T>::get(asset)?;
		Ratings::<T>::get(asset)
			.into_iter()
			.rev()
			.find(|r| r.digest == details.content.digest && r.revision == details.revision)
	}

	// ---- pins -------------------------------------------------------------------------------

	fn open_pin_request(asset: AssetId, revision: u32, cid: CidOf<T>) {
		let target = ReplicationTarget::<T>::get();
		let state = PinState {
			cid: cid.clone(),
			revision,
			target,
			requested: frame_system::Pallet::<T>::block_number(),
			pinned_by: BoundedVec::new(),
			mismatches: BoundedVec::new(),
		};
		Pins::<T>::insert(asset, state);
		Self::deposit_event(Event::PinRequested { asset, cid, target });
	}

	fn close_pins(asset: AssetId) {
		if let Some(state) = Pins::<T>::take(asset) {
			Self::deposit_event(Event::UnpinRequested { asset, cid: state.cid });
		}
	}

	pub(crate) fn do_report_pins(
		who: T::AccountId,
		reports: BoundedVec<PinReport, T::MaxReportsPerCall>,
	) -> DispatchResult {
		ensure!(Pinners::<T>::contains_key(&who), Error::<T>::NotPinner);
		ensure!(!reports.is_empty(), Error::<T>::NoReports);
		let now = frame_system::Pallet::<T>::block_number();
		for report in reports {
			let mut state = Pins::<T>::get(report.asset).ok_or(Error::<T>::NoPinRequest)?;
			ensure!(state.revision == report.revision, Error::<T>::StaleReport);
			let cid = state.cid.clone();
			// Records of deregistered pinners no longer count.
			state.pinned_by.retain(|r| Pinners::<T>::contains_key(&r.pinner));
			let was_met = state.target_met();
			match report.outcome {
				PinOutcome::Pinned => {
					ensure!(!state.has_reported(&who), Error::<T>::AlreadyReported);
					state
						.pinned_by
						.try_push(PinRecord { pinner: who.clone(), block: now })
						.map_err(|_| Error::<T>::TooManyPinners)?;
					Self::deposit_event(Event::Pinned {
						asset: report.asset,
						cid: cid.clone(),
						pinner: who.clone(),
						replicas: state.pinned_by.len() as u32,
					});
					if !was_met && state.target_met() {
						Self::deposit_event(Event::PinTargetMet { asset: report.asset, cid });
					}
				},
				PinOutcome::Mismatch(mismatch) => {
					ensure!(!state.has_reported(&who), Error::<T>::AlreadyReported);
					state
						.mismatches
						.try_push(MismatchRecord { pinner: who.clone(), mismatch, block: now })
						.map_err(|_| Error::<T>::TooManyPinners)?;
					Self::deposit_event(Event::PinMismatch {
						asset: report.asset,
						cid,
						pinner: who.clone(),
						mismatch,
					});
				},
				PinOutcome::Lost => {
					let before = state.pinned_by.len();
					state.pinned_by.retain(|r| r.pinner != who);
					ensure!(state.pinned_by.len() < before, Error::<T>::NotPinnedBy);
					Self::deposit_event(Event::PinLost {
						asset: report.asset,
						cid,
						pinner: who.clone(),
						replicas: state.pinned_by.len() as u32,
					});
				},
			}
			Pins::<T>::insert(report.asset, state);
		}
		Ok(())
	}

	// ---- queries ----------------------------------------------------------------------------

	/// What a client sees of an asset.
	pub fn asset_view(
		asset: AssetId,
	) -> Option<AssetView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let details = Assets::<T>::get(asset)?;
		let metadata = Metadata::<T>::get(asset)?;
		let owner = Self::owner_of(asset)?;
		let pin = Pins::<T>::get(asset).map(|state| {
			let pinned_by: Vec<_> = state
				.pinned_by
				.iter()
				.filter(|r| Pinners::<T>::contains_key(&r.pinner))
				.cloned()
				.collect();
			PinView {
				cid: state.cid.to_vec(),
				target: state.target,
				target_met: pinned_by.len() as u32 >= state.target,
				pinned_by,
				mismatches: state.mismatches.to_vec(),
			}
		});
		Some(AssetView {
			id: asset,
			owner,
			provider: details.provider.clone(),
			status: details.status,
			title: metadata.title.to_vec(),
			description: metadata.description.to_vec(),
			category: metadata.category,
			tags: metadata.tags.iter().map(|t| t.to_vec()).collect(),
			format: metadata.format.to_vec(),
			coverage: metadata.coverage,
			source: metadata.source.to_vec(),
			cid: details.content.cid.to_vec(),
			digest: details.content.digest,
			size: details.content.size,
			encryption: details.content.encryption,
			revision: details.revision,
			pending_revision: PendingRevisions::<T>::get(asset).map(|r| r.content.cid.to_vec()),
			deposit: details.deposit,
			rating: Self::current_rating(asset),
			pin,
			created: details.created,
			updated: details.updated,
		})
	}

	/// Assets owned by `who` (holding the NFT, or provider of an asset without one), ascending.
	pub fn assets_of(who: &T::AccountId) -> Vec<AssetId> {
		let mut owned: Vec<AssetId> = match OwnershipCollection::<T>::get() {
			Some(collection) => T::Nfts::owned_in_collection(&collection, who)
				.filter(|asset| Assets::<T>::contains_key(asset))
				.collect(),
			None => Vec::new(),
		};
		owned.extend(Assets::<T>::iter().filter_map(|(asset, details)| {
			let without_nft =
				matches!(details.status, AssetStatus::Pending | AssetStatus::Rejected);
			(without_nft && &details.provider == who).then_some(asset)
		}));
		owned.sort_unstable();
		owned.dedup();
		owned
	}

	/// Up to `limit` asset ids from `start` on, optionally only those in `status`.
	pub fn list_assets(status: Option<AssetStatus>, start: AssetId, limit: u32) -> Vec<AssetId> {
		let end = NextAssetId::<T>::get();
		(start..end)
			.filter(|asset| {
				Assets::<T>::get(asset)
					.is_some_and(|d| status.is_none_or(|wanted| d.status == wanted))
			})
			.take(limit as usize)
			.collect()
	}

	// ---- invariants -------------------------------------------------------------------------

	/// Held funds equal what the records say is held; pins only for live assets, for their
	/// current revision; each pinner once per pin state; ids below `NextAssetId`; the content
	/// index holds exactly the contents assets claim, each claimed by one asset.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut fees: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut claims: BTreeMap<ContentHash, AssetId> = BTreeMap::new();
		let mut claim = |asset: AssetId, cid: &CidOf<T>| -> Result<(), &'static str> {
			let hash = content_hash(cid).ok_or("a CID without a multihash")?;
			match claims.insert(hash.clone(), asset) {
				Some(other) if other != asset => Err("two assets claim one content"),
				_ => {
					ensure!(
						ContentIndex::<T>::get(&hash) == Some(asset),
						"a claimed content missing from the index"
					);
					Ok(())
				},
			}
		};
		let next = NextAssetId::<T>::get();
		for (asset, details) in Assets::<T>::iter() {
			ensure!(asset < next, "asset id at or above NextAssetId");
			ensure!(Metadata::<T>::contains_key(asset), "asset without metadata");
			let d = deposits.entry(details.provider.clone()).or_insert_with(Zero::zero);
			*d = d.saturating_add(details.deposit);
			let f = fees.entry(details.provider.clone()).or_insert_with(Zero::zero);
			*f = f.saturating_add(details.fee);
			let live = matches!(details.status, AssetStatus::Listed | AssetStatus::Suspended);
			ensure!(live == Pins::<T>::contains_key(asset), "pin state of a non-live asset");
			if let Some(state) = Pins::<T>::get(asset) {
				ensure!(
					state.revision == details.revision && state.cid == details.content.cid,
					"pin state of another revision"
				);
			}
			if live || details.status == AssetStatus::Pending {
				claim(asset, &details.content.cid)?;
			}
			ensure!(
				details.status != AssetStatus::Pending || details.fee == T::ListingFee::get(),
				"pending asset without its fee held"
			);
		}
		for (asset, revision) in PendingRevisions::<T>::iter() {
			ensure!(Assets::<T>::contains_key(asset), "revision of an unknown asset");
			claim(asset, &revision.content.cid)?;
			let d = deposits.entry(revision.submitter.clone()).or_insert_with(Zero::zero);
			*d = d.saturating_add(revision.deposit);
			let f = fees.entry(revision.submitter.clone()).or_insert_with(Zero::zero);
			*f = f.saturating_add(revision.fee);
		}
		for (who, amount) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::ListingDeposit.into(), &who) == amount,
				"deposits held differ from the records"
			);
		}
		for (who, amount) in fees {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::ListingFee.into(), &who) == amount,
				"fees held differ from the records"
			);
		}
		for (_, state) in Pins::<T>::iter() {
			let mut seen: Vec<&T::AccountId> = Vec::new();
			for pinner in state
				.pinned_by
				.iter()
				.map(|r| &r.pinner)
				.chain(state.mismatches.iter().map(|r| &r.pinner))
			{
				ensure!(!seen.contains(&pinner), "a pinner reported twice");
				seen.push(pinner);
			}
		}
		for (hash, asset) in ContentIndex::<T>::iter() {
			ensure!(claims.get(&hash) == Some(&asset), "an index entry no asset claims");
		}
		ensure!(Pinners::<T>::count() <= T::MaxPinners::get(), "too many pinners");
		let mut key_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut key_counts: BTreeMap<AssetId, u32> = BTreeMap::new();
		for (asset, _, key) in ContentKeys::<T>::iter() {
			key_deposits.entry(key.depositor).or_default().saturating_accrue(key.deposit);
			key_counts.entry(asset).or_default().saturating_inc();
		}
		for (asset, count) in ContentKeyCount::<T>::iter() {
			ensure!(key_counts.get(&asset) == Some(&count), "content key count is off");
			ensure!(count <= T::MaxContentKeys::get(), "too many content keys");
		}
		ensure!(
			key_counts.len() == ContentKeyCount::<T>::iter().count(),
			"content keys without a count"
		);
		for (who, deposit) in key_deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::ContentKeyDeposit.into(), &who)
					== deposit,
				"content key deposits held differ from the records"
			);
		}
		Ok(())
	}
}

impl<T: Config> bdes_primitives::DataAssetInspect<T::AccountId> for Pallet<T> {
	fn owner(asset: AssetId) -> Option<T::AccountId> {
		Self::owner_of(asset)
	}

	fn is_listed(asset: AssetId) -> bool {
		Assets::<T>::get(asset).is_some_and(|details| details.status == AssetStatus::Listed)
	}

	fn rating(asset: AssetId) -> Option<u8> {
		Self::current_rating(asset).map(|rating| rating.overall)
	}

	fn content_size(asset: AssetId) -> Option<u64> {
		Assets::<T>::get(asset).map(|details| details.content.size)
	}
}

impl<T: Config> bdes_primitives::DataAssetMint<T::AccountId> for Pallet<T> {
	/// A verified compute result or a feed's batch as a submission of its owner's (same
	/// checks, deposit and listing fee); listed at once, with its ownership NFT, when `listed`
	/// (an approved template or feed made it), otherwise pending the Council like any
	/// submission. Its content keys are set as the owner's `set_content_key` would, before
	/// anything can sell its NFT.
	fn mint(
		owner: &T::AccountId,
		content: bdes_primitives::MintContent<T::AccountId>,
		about: bdes_primitives::AssetDescription,
		listed: bool,
	) -> Result<AssetId, DispatchError> {
		let asset = NextAssetId::<T>::get();
		let metadata = MetadataInput {
			title: about.title,
			description: about.description,
			category: Category::Other,
			tags: about.tags,
			format: about.format,
			coverage: CoveragePeriod { start: about.coverage.0, end: about.coverage.1 },
			source: about.source,
		};
		let input = ContentInput {
			cid: content.cid,
			digest: content.digest,
			size: content.size,
			encryption: content.encryption,
		};
		Self::do_submit(owner.clone(), metadata, input)?;
		if listed {
			Self::do_approve(asset).map_err(|e| e.error)?;
		}
		let revision = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?.revision;
		for (recipient, sealed) in content.keys {
			Self::do_set_content_key(owner.clone(), asset, recipient, revision, sealed)?;
		}
		Ok(asset)
	}
}

impl<T: Config> bdes_primitives::OwnershipNft<T::CollectionId, AssetId> for Pallet<T> {
	fn data_asset(collection: &T::CollectionId, item: &AssetId) -> Option<AssetId> {
		// The ownership collection's item id is the asset id.
		(OwnershipCollection::<T>::get().as_ref() == Some(collection)
			&& Assets::<T>::contains_key(item))
		.then_some(*item)
	}

	fn nft(asset: AssetId) -> Option<(T::CollectionId, AssetId)> {
		let collection = OwnershipCollection::<T>::get()?;
		Assets::<T>::contains_key(asset).then_some((collection, asset))
	}
}
