"""Contains all the data models used in inputs/outputs"""

from .action import Action
from .action_result import ActionResult
from .admin_login import AdminLogin
from .admin_me import AdminMe
from .admin_provider_list import AdminProviderList
from .admin_provider_read import AdminProviderRead
from .admin_session_read import AdminSessionRead
from .admin_session_state import AdminSessionState
from .admin_token_create import AdminTokenCreate
from .admin_token_created import AdminTokenCreated
from .admin_token_list import AdminTokenList
from .admin_token_read import AdminTokenRead
from .akismet_check import AkismetCheck
from .akismet_fallback import AkismetFallback
from .audit_page import AuditPage
from .audit_read import AuditRead
from .audit_read_detail import AuditReadDetail
from .author_read import AuthorRead
from .ban_create import BanCreate
from .ban_kind import BanKind
from .ban_list import BanList
from .ban_read import BanRead
from .blocked_words_check import BlockedWordsCheck
from .bulk_action import BulkAction
from .cancel_subscriptions_form import CancelSubscriptionsForm
from .cannot_comment_reason import CannotCommentReason
from .comment_create import CommentCreate
from .comment_created import CommentCreated
from .comment_detail import CommentDetail
from .comment_form import CommentForm
from .comment_read import CommentRead
from .comment_status import CommentStatus
from .comment_update import CommentUpdate
from .commenter import Commenter
from .conflict_problem_type import ConflictProblemType
from .counts_query import CountsQuery
from .counts_read import CountsRead
from .counts_read_counts import CountsReadCounts
from .delivery_page import DeliveryPage
from .delivery_read import DeliveryRead
from .delivery_status import DeliveryStatus
from .duplicates_check import DuplicatesCheck
from .erasure_report import ErasureReport
from .field_error import FieldError
from .forbidden_problem_type import ForbiddenProblemType
from .guest_policy import GuestPolicy
from .health import Health
from .honeypot_check import HoneypotCheck
from .identity_read import IdentityRead
from .import_file_upload import ImportFileUpload
from .import_format import ImportFormat
from .import_job_read import ImportJobRead
from .import_report import ImportReport
from .import_report_adjusted import ImportReportAdjusted
from .import_report_skipped import ImportReportSkipped
from .import_report_threads_adjusted import ImportReportThreadsAdjusted
from .import_report_threads_skipped import ImportReportThreadsSkipped
from .invalid_input_problem_type import InvalidInputProblemType
from .job_status import JobStatus
from .language import Language
from .links_check import LinksCheck
from .me_read import MeRead
from .min_time_check import MinTimeCheck
from .moderation_edit import ModerationEdit
from .moderation_export_commenter_response_moderation_export_commenter import (
    ModerationExportCommenterResponseModerationExportCommenter,
)
from .moderation_mode import ModerationMode
from .moderator_list import ModeratorList
from .moderator_read import ModeratorRead
from .not_found_problem_type import NotFoundProblemType
from .notification_outcome import NotificationOutcome
from .notify_choice import NotifyChoice
from .notify_on import NotifyOn
from .payload_too_large_problem_type import PayloadTooLargeProblemType
from .person_list import PersonList
from .person_read import PersonRead
from .problem import Problem
from .provider_info import ProviderInfo
from .provider_read import ProviderRead
from .providers_read import ProvidersRead
from .queue_author import QueueAuthor
from .queue_comment import QueueComment
from .queue_counts import QueueCounts
from .queue_page import QueuePage
from .queue_thread import QueueThread
from .rate_limit_check import RateLimitCheck
from .rate_limited_problem_type import RateLimitedProblemType
from .reason_count import ReasonCount
from .role import Role
from .secret_rotation import SecretRotation
from .service_unavailable_problem_type import ServiceUnavailableProblemType
from .site_bootstrap import SiteBootstrap
from .site_create import SiteCreate
from .site_list import SiteList
from .site_public import SitePublic
from .site_read import SiteRead
from .site_update import SiteUpdate
from .spam_settings import SpamSettings
from .start_import_job_upload import StartImportJobUpload
from .thread_info import ThreadInfo
from .thread_list import ThreadList
from .thread_page import ThreadPage
from .thread_read import ThreadRead
from .thread_sort import ThreadSort
from .thread_update import ThreadUpdate
from .token_read import TokenRead
from .token_request import TokenRequest
from .unauthorized_problem_type import UnauthorizedProblemType
from .unsubscribe_form import UnsubscribeForm
from .verdict import Verdict
from .vote_create import VoteCreate
from .vote_read import VoteRead
from .vote_value import VoteValue
from .webhook_create import WebhookCreate
from .webhook_created import WebhookCreated
from .webhook_event import WebhookEvent
from .webhook_list import WebhookList
from .webhook_read import WebhookRead
from .webhook_update import WebhookUpdate

__all__ = (
    "Action",
    "ActionResult",
    "AdminLogin",
    "AdminMe",
    "AdminProviderList",
    "AdminProviderRead",
    "AdminSessionRead",
    "AdminSessionState",
    "AdminTokenCreate",
    "AdminTokenCreated",
    "AdminTokenList",
    "AdminTokenRead",
    "AkismetCheck",
    "AkismetFallback",
    "AuditPage",
    "AuditRead",
    "AuditReadDetail",
    "AuthorRead",
    "BanCreate",
    "BanKind",
    "BanList",
    "BanRead",
    "BlockedWordsCheck",
    "BulkAction",
    "CancelSubscriptionsForm",
    "CannotCommentReason",
    "CommentCreate",
    "CommentCreated",
    "CommentDetail",
    "Commenter",
    "CommentForm",
    "CommentRead",
    "CommentStatus",
    "CommentUpdate",
    "ConflictProblemType",
    "CountsQuery",
    "CountsRead",
    "CountsReadCounts",
    "DeliveryPage",
    "DeliveryRead",
    "DeliveryStatus",
    "DuplicatesCheck",
    "ErasureReport",
    "FieldError",
    "ForbiddenProblemType",
    "GuestPolicy",
    "Health",
    "HoneypotCheck",
    "IdentityRead",
    "ImportFileUpload",
    "ImportFormat",
    "ImportJobRead",
    "ImportReport",
    "ImportReportAdjusted",
    "ImportReportSkipped",
    "ImportReportThreadsAdjusted",
    "ImportReportThreadsSkipped",
    "InvalidInputProblemType",
    "JobStatus",
    "Language",
    "LinksCheck",
    "MeRead",
    "MinTimeCheck",
    "ModerationEdit",
    "ModerationExportCommenterResponseModerationExportCommenter",
    "ModerationMode",
    "ModeratorList",
    "ModeratorRead",
    "NotFoundProblemType",
    "NotificationOutcome",
    "NotifyChoice",
    "NotifyOn",
    "PayloadTooLargeProblemType",
    "PersonList",
    "PersonRead",
    "Problem",
    "ProviderInfo",
    "ProviderRead",
    "ProvidersRead",
    "QueueAuthor",
    "QueueComment",
    "QueueCounts",
    "QueuePage",
    "QueueThread",
    "RateLimitCheck",
    "RateLimitedProblemType",
    "ReasonCount",
    "Role",
    "SecretRotation",
    "ServiceUnavailableProblemType",
    "SiteBootstrap",
    "SiteCreate",
    "SiteList",
    "SitePublic",
    "SiteRead",
    "SiteUpdate",
    "SpamSettings",
    "StartImportJobUpload",
    "ThreadInfo",
    "ThreadList",
    "ThreadPage",
    "ThreadRead",
    "ThreadSort",
    "ThreadUpdate",
    "TokenRead",
    "TokenRequest",
    "UnauthorizedProblemType",
    "UnsubscribeForm",
    "Verdict",
    "VoteCreate",
    "VoteRead",
    "VoteValue",
    "WebhookCreate",
    "WebhookCreated",
    "WebhookEvent",
    "WebhookList",
    "WebhookRead",
    "WebhookUpdate",
)
