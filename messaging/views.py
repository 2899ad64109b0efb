"""The pages of conversations and notifications: plain forms and redirects, no JavaScript needed.

Every conversation is fetched through `get_conversation_for_reader` (404 for anyone who may not
read it); the services hold the rules (author only, coordinator only, the rate limit).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from messaging import selectors, services
from messaging.forms import (
    DirectForm,
    HistoryForm,
    MessageForm,
    MessageSendForm,
    MuteForm,
    NotificationSettingsForm,
)
from messaging.models import Conversation, Message, Participant
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, add_service_errors, ask_first, posted
from neighbourhood.quartiers.selectors import (
    get_quartier_for_coordinator,
    get_quartier_for_member,
    is_coordinator,
)


@login_required
def conversation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    # The people of a room are the whole quartier: only threads and direct messages name them.
    others = Participant.objects.exclude(conversation__kind=Conversation.Kind.ROOM).select_related(
        "user"
    )
    conversations = list(
        selectors.my_conversations(user=request.user)
        .select_related("quartier")
        .prefetch_related(Prefetch("participants", queryset=others))
    )
    unread = selectors.unread_counts(
        user=request.user, conversation_ids=[c.pk for c in conversations]
    )
    # Each conversation with the names of the other people in it: "who" matters more than "what".
    rows = [
        (
            conversation,
            [
                p.user.public_name
                for p in conversation.participants.all()
                if p.user_id != request.user.pk
            ],
            unread.get(conversation.pk, 0),
        )
        for conversation in conversations
    ]
    return render(
        request,
        "messaging/conversation_list.html",
        {"rows": rows, "total_unread": sum(unread.values())},
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation_detail(request: AuthenticatedHttpRequest, conversation_id: int) -> HttpResponse:
    conversation = selectors.get_conversation_for_reader(
        user=request.user, conversation_id=conversation_id
    )
    form = MessageSendForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.message_post(
                conversation=conversation,
                author=request.user,
                body=form.cleaned_data["body"],
                client_id=form.cleaned_data["client_id"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(conversation.get_absolute_url() + "#latest")
    history = _history(request, conversation)
    if history.messages:
        # What the page shows is read: a side effect of a GET on purpose, on the viewer's own
        # marker only, which never moves back (an older page changes nothing).
        services.conversation_mark_read(
            conversation=conversation, user=request.user, last_read_id=history.messages[-1].pk
        )
    return render(
        request,
        "messaging/conversation_detail.html",
        {
            "conversation": conversation,
            "subject_url": _subject_url(conversation),
            "participants": (
                None
                if conversation.kind == Conversation.Kind.ROOM
                else selectors.participants_of(conversation=conversation)
            ),
            "history": history,
            "can_hide": conversation.quartier is not None
            and is_coordinator(user=request.user, quartier=conversation.quartier),
            "muted": selectors.is_muted(user=request.user, conversation=conversation),
            "blocked": (
                selectors.blocked_ids(user=request.user)
                if conversation.kind == Conversation.Kind.DIRECT
                else set()
            ),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


def _history(request: AuthenticatedHttpRequest, conversation: Conversation) -> selectors.History:
    query = HistoryForm(request.GET)
    bounds = query.cleaned_data if query.is_valid() else {}
    before, after = bounds.get("before"), bounds.get("after")
    if request.method == "POST" or (before and after):
        before = after = None
    return selectors.messages_page(conversation=conversation, before=before, after=after)


def _subject_url(conversation: Conversation) -> str:
    # The subject is any model (a swap, later a ride…): linked when it has a page.
    if conversation.subject_type_id is None:
        return ""
    subject_url = getattr(conversation.subject, "get_absolute_url", None)
    return subject_url() if subject_url else ""


def _back_to(message: Message) -> str:
    return f"{message.conversation.get_absolute_url()}#message-{message.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def message_edit(
    request: AuthenticatedHttpRequest, conversation_id: int, message_id: int
) -> HttpResponse:
    message = selectors.get_message_for_reader(
        user=request.user, conversation_id=conversation_id, message_id=message_id
    )
    # Others may not even see the form; the service checks again when it saves.
    if message.author_id != request.user.pk:
        raise PermissionDenied(_("Only its author can change a message."))
    form = MessageForm(
        posted(request), initial={"body": message.body if message.is_visible else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.message_edit(
                message=message, actor=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your message is changed."))
            return redirect(_back_to(message))
    return render(
        request,
        "messaging/message_edit.html",
        {"conversation": message.conversation, "message": message, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def message_delete(
    request: AuthenticatedHttpRequest, conversation_id: int, message_id: int
) -> HttpResponse:
    message = selectors.get_message_for_reader(
        user=request.user, conversation_id=conversation_id, message_id=message_id
    )
    if message.author_id != request.user.pk:
        raise PermissionDenied(_("Only its author can delete a message."))
    question = Question(
        title=_("Delete your message?"),
        text=_("Its text will be gone for everyone."),
        yes=_("Delete this message"),
        back=_back_to(message),
    )
    if asked := ask_first(request, question):
        return asked
    services.message_delete(message=message, actor=request.user)
    messages.success(request, _("Your message is deleted."))
    return redirect(_back_to(message))


@login_required
@require_POST
def message_hide(
    request: AuthenticatedHttpRequest, conversation_id: int, message_id: int
) -> HttpResponse:
    message = selectors.get_message_for_reader(
        user=request.user, conversation_id=conversation_id, message_id=message_id
    )
    services.message_hide(message=message, actor=request.user)
    messages.success(request, _("The message is hidden from everyone."))
    return redirect(_back_to(message))


@login_required
@require_POST
def message_report(
    request: AuthenticatedHttpRequest, conversation_id: int, message_id: int
) -> HttpResponse:
    message = selectors.get_message_for_reader(
        user=request.user, conversation_id=conversation_id, message_id=message_id
    )
    try:
        services.message_report(
            message=message, reporter=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: the coordinators will look at this message."))
    return redirect(_back_to(message))


@login_required
def report_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = get_quartier_for_coordinator(user=request.user, slug=slug)
    return render(
        request,
        "messaging/report_list.html",
        {"quartier": quartier, "reports": selectors.reports_for(quartier_id=quartier.pk)},
    )


@login_required
@require_POST
def report_hide(request: AuthenticatedHttpRequest, slug: str, report_id: int) -> HttpResponse:
    quartier, _membership = get_quartier_for_coordinator(user=request.user, slug=slug)
    report = selectors.get_report_in(quartier_id=quartier.pk, report_id=report_id)
    services.message_hide(message=report.message, actor=request.user)
    messages.success(request, _("The message is hidden from everyone."))
    return redirect("messaging:reports", slug=quartier.slug)


@login_required
@require_POST
def user_block(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    other = selectors.get_person_to_block(user=request.user, user_id=user_id)
    if request.POST.get("unblock"):
        services.user_unblock(blocker=request.user, blocked_id=other.pk)
        messages.success(
            request, _("%(name)s can write to you again.") % {"name": other.public_name}
        )
    else:
        try:
            services.user_block(blocker=request.user, blocked_id=other.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s can no longer send you direct messages.") % {"name": other.public_name},
            )
    return redirect(_safe_next(request))


@login_required
@require_POST
def conversation_mute(request: AuthenticatedHttpRequest, conversation_id: int) -> HttpResponse:
    conversation = selectors.get_conversation_for_reader(
        user=request.user, conversation_id=conversation_id
    )
    form = MuteForm(request.POST)
    form.is_valid()  # an unchecked box is valid: False
    muted = form.cleaned_data.get("muted", False)
    services.conversation_mute(conversation=conversation, user=request.user, muted=muted)
    if muted:
        messages.success(request, _("This conversation is muted."))
    else:
        messages.success(request, _("This conversation is no longer muted."))
    return redirect(conversation)


@login_required
def quartier_room(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = get_quartier_for_member(user=request.user, slug=slug)
    return redirect(services.room_for(quartier=quartier))


@login_required
@require_POST
def direct_open(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    form = DirectForm({"user_id": user_id})
    if not form.is_valid():
        refusal = " ".join(str(e) for e in form.errors["user_id"])
    else:
        try:
            conversation = services.direct_open(
                sender=request.user, recipient=form.cleaned_data["user_id"]
            )
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            return redirect(conversation)
    messages.error(request, refusal)
    return redirect(_safe_next(request))


def _safe_next(request: AuthenticatedHttpRequest) -> str:
    """The page the form was on (it says so in ``next``), or my conversations."""
    return _on_this_site(request, request.POST.get("next", ""), reverse("messaging:conversations"))


def _on_this_site(request: AuthenticatedHttpRequest, url: str, fallback: str) -> str:
    """``url`` if it stays on this site, else ``fallback``: a redirect never leaves the site."""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "messaging/notification_list.html",
        {"notifications": selectors.my_notifications(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """For each kind of notification: on the site only, or by e-mail right away too."""
    form = NotificationSettingsForm(
        posted(request), initial={"by_email": sorted(selectors.email_kinds(user=request.user))}
    )
    if request.method == "POST" and form.is_valid():
        services.notification_settings_set(
            user=request.user, by_email=set(form.cleaned_data["by_email"])
        )
        messages.success(request, _("Your choices are saved."))
        return redirect("messaging:notification_settings")
    return render(
        request,
        "messaging/notification_settings.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def notification_open(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    """Follows a notification to what it is about, and counts it as read on the way.

    A GET with a side effect, on purpose: it only marks the viewer's own notification, and a
    link is what a neighbour expects to tap."""
    notification = selectors.get_notification_for_owner(
        user=request.user, notification_id=notification_id
    )
    services.notifications_mark_read(user=request.user, notification_ids=[notification.pk])
    return redirect(_on_this_site(request, notification.url, "/"))


@login_required
@require_POST
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.notifications_mark_read(user=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return redirect("messaging:notifications")
