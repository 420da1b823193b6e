from django.urls import path

from palabre.permanences.views import booking, feeds, planning, staffing, visits

app_name = "permanences"
urlpatterns = [
    # Planning: permanences, closures, one session.
    path("", planning.permanence_list, name="list"),
    path("nouvelle/", planning.permanence_create, name="create"),
    path("<uuid:permanence_id>/", planning.permanence_detail, name="detail"),
    path("<uuid:permanence_id>/modifier/", planning.permanence_edit, name="edit"),
    path("fermetures/", planning.closure_list, name="closures"),
    path("seances/<uuid:occurrence_id>/", planning.occurrence_detail, name="occurrence"),
    path(
        "seances/<uuid:occurrence_id>/annuler/",
        planning.occurrence_cancel,
        name="occurrence_cancel",
    ),
    path(
        "seances/<uuid:occurrence_id>/deplacer/", planning.occurrence_move, name="occurrence_move"
    ),
    # Staffing: the month's sessions, the mediators' own duties and availability.
    path("equipe/", staffing.staffing_month, name="staffing"),
    path("equipe/seances/<uuid:occurrence_id>/ajouter/", staffing.duty_add, name="duty_add"),
    path("tours/<uuid:duty_id>/retirer/", staffing.duty_remove, name="duty_remove"),
    path("mes-permanences/", staffing.my_duties, name="mine"),
    path("seances/<uuid:occurrence_id>/prendre/", staffing.duty_take, name="duty_take"),
    path("disponibilites/", staffing.availability, name="availability"),
    path("absences/<uuid:absence_id>/supprimer/", staffing.absence_delete, name="absence_delete"),
    # Booking by the office and by partners.
    path("reserver/", booking.choose, name="choose"),
    path("seances/<uuid:occurrence_id>/reserver/", booking.book_slot, name="book"),
    path(
        "rendez-vous/<uuid:appointment_id>/annuler/",
        booking.appointment_cancel,
        name="appointment_cancel",
    ),
    path("partenaire/", booking.partner_home, name="partner"),
    path(
        "partenaire/seances/<uuid:occurrence_id>/reserver/",
        booking.partner_book,
        name="partner_book",
    ),
    # At the session: who came, walk-ins, cases.
    path("seances/<uuid:occurrence_id>/passages/", visits.record_visits, name="visits"),
    path("seances/<uuid:occurrence_id>/sans-rendez-vous/", visits.walk_in, name="walk_in"),
    path("rendez-vous/<uuid:appointment_id>/dossier/", visits.open_case, name="open_case"),
    path("rendez-vous/<uuid:appointment_id>/rattacher/", visits.link_case, name="link_case"),
    # Calendar feeds.
    path("agendas/", feeds.feed_list, name="feeds"),
    path("agendas/nouveau/", feeds.feed_issue, name="feed_issue"),
    path("agendas/<uuid:feed_id>/revoquer/", feeds.feed_revoke, name="feed_revoke"),
]
